"""HR: employees (PA0001/PA0002/PA0008), org units, time recording, SuccessFactors remote tables."""

from __future__ import annotations

from mdsync_devstack.datasphere.csn_build import Fixture, Table, col, columns, local_table, remote_table, source_ref
from mdsync_devstack.datasphere.demo.common import aggregated, joined, projection, s4_remote
from mdsync_devstack.datasphere.flow_build import Endpoint, data_flow, replication_flow
from mdsync_devstack.datasphere.model_build import Assoc, Cube, Dim, analytic_model, view

SPACE = "HR"
_PERNR = col("PERNR", "String(8)", "Personnel Number", "key")
ORG_ASSIGNMENT = Table("EMPLOYEE_ORG_ASSIGNMENT", "HR Master Record: Organizational Assignment", (
    _PERNR, col("ENDDA", "Date", "End Date", "key"), col("BEGDA", "Date", "Start Date", "key"),
    col("BUKRS", "String(4)", "Company Code"), col("WERKS", "String(4)", "Personnel Area"),
    col("PERSG", "String(1)", "Employee Group", "dim"), col("PERSK", "String(2)", "Employee Subgroup", "dim"),
    col("ORGEH", "String(8)", "Organizational Unit", "dim"), col("PLANS", "String(8)", "Position"),
    col("KOSTL", "String(10)", "Cost Center"), col("ENAME", "String(40)", "Employee Name", "text"),
))  # fmt: skip
PERSONAL = Table("EMPLOYEE_PERSONAL_DATA", "HR Master Record: Personal Data", (
    _PERNR, col("ENDDA", "Date", "End Date", "key"), col("BEGDA", "Date", "Start Date", "key"),
    col("NACHN", "String(40)", "Last Name"), col("VORNA", "String(40)", "First Name"),
    col("GBDAT", "Date", "Date of Birth"), col("GESCH", "String(1)", "Gender Key"),
    col("NATIO", "String(3)", "Nationality"), col("SPRSL", "String(1)", "Communication Language"),
))  # fmt: skip
BASIC_PAY = Table("EMPLOYEE_BASIC_PAY", "HR Master Record: Basic Pay", (
    _PERNR, col("ENDDA", "Date", "End Date", "key"), col("BEGDA", "Date", "Start Date", "key"),
    col("TRFGR", "String(8)", "Pay Scale Group"), col("TRFST", "String(2)", "Pay Scale Level"),
    col("BET01", "Decimal(13,2)", "Wage Type Amount", "measure", "amount=WAERS"),
    col("WAERS", "String(5)", "Currency", "currency"), col("DIVGV", "Decimal(5,2)", "Working Hours per Period"),
))  # fmt: skip
ADDRESS = Table("EMPLOYEE_ADDRESS", "HR Master Record: Addresses", (
    _PERNR, col("SUBTY", "String(4)", "Address Type", "key"), col("ENDDA", "Date", "End Date", "key"),
    col("STRAS", "String(60)", "Street"), col("ORT01", "String(40)", "City"), col("PSTLZ", "String(10)", "Postal Code"),
    col("LAND1", "String(3)", "Country/Region Key"), col("HOME_LOCATION", "hana.ST_GEOMETRY", "Home Location"),
))  # fmt: skip
ORG_UNIT = Table("ORG_UNIT", "Organizational Units", (
    col("OBJID", "String(8)", "Organizational Unit", "key", "textel=STEXT"), col("ENDDA", "Date", "End Date", "key"),
    col("BEGDA", "Date", "Start Date"), col("SHORT", "String(12)", "Abbreviation"),
    col("STEXT", "String(40)", "Name", "text"), col("PARENT", "String(8)", "Parent Unit"),
))  # fmt: skip
POSITION = Table("POSITION", "Positions", (
    col("PLANS", "String(8)", "Position", "key"), col("ORGEH", "String(8)", "Organizational Unit"),
    col("STEXT", "String(40)", "Position Title", "text"), col("VACANT", "Boolean", "Vacant"),
    col("FTE", "hana.SMALLDECIMAL", "Full-Time Equivalent"),
))  # fmt: skip
PHOTO = Table("EMPLOYEE_PHOTO", "Employee Photos", (
    _PERNR, col("PHOTO", "LargeBinary", "Photo"), col("THUMBNAIL", "Binary(4000)", "Thumbnail"),
    col("MIME_TYPE", "String(40)", "MIME Type"), col("UPLOADED_AT", "Timestamp", "Uploaded At"),
))  # fmt: skip
TIME_RECORDING = Table("TIME_RECORDING", "Cross-Application Time Sheet", (
    col("COUNTER", "String(12)", "Counter", "key"), col("PERNR", "String(8)", "Personnel Number"),
    col("WORKDATE", "Date", "Date", "date"), col("CATSHOURS", "Decimal(4,2)", "Hours", "measure"),
    col("AWART", "String(4)", "Attendance or Absence Type"), col("RAUFNR", "String(12)", "Receiver Order"),
    col("STATUS", "String(2)", "Processing Status"), col("LAETM", "Time", "Last Changed At"),
))  # fmt: skip
SF_EMP_JOB = Table("SF_EMP_JOB", "SuccessFactors EmpJob", (
    col("userId", "String(100)", "User ID", "key"), col("startDate", "DateTime", "Start Date", "key"),
    col("seqNumber", "Integer64", "Sequence Number", "key"), col("jobCode", "String(128)", "Job Code"),
    col("department", "String(128)", "Department"), col("company", "String(128)", "Company"),
    col("fte", "Double", "FTE"), col("managerId", "String(100)", "Manager"),
))  # fmt: skip
SF_PERSON = Table("SF_PER_PERSON", "SuccessFactors PerPerson", (
    col("personIdExternal", "String(100)", "Person ID", "key"), col("dateOfBirth", "DateTime", "Date of Birth"),
    col("countryOfBirth", "String(128)", "Country of Birth"), col("perPersonUuid", "UUID", "Person UUID"),
))  # fmt: skip
TABLES = (ORG_ASSIGNMENT, PERSONAL, BASIC_PAY, ADDRESS, ORG_UNIT, POSITION, PHOTO, TIME_RECORDING)


def _views() -> list[Fixture]:
    org = Assoc("_ORGUNIT", "V_ORG_UNIT_DIM", (("ORGEH", "OBJID"),), "Organizational Unit")
    employee = Assoc("_EMPLOYEE", "V_EMPLOYEE_DIM", (("PERNR", "PERNR"),), "Employee")
    headcount = ORG_ASSIGNMENT.pick("BUKRS", "WERKS", "PERSG", "PERSK", "ORGEH")
    headcount_cols = [*headcount, col("HEADCOUNT", "Integer", "Headcount", "measure")]
    headcount_query = {"SELECT": {
        "from": source_ref("EMPLOYEE_ORG_ASSIGNMENT"),
        "columns": [*columns(None, [c.name for c in headcount]),
                    {"func": "COUNT", "args": [{"ref": ["PERNR"]}], "as": "HEADCOUNT"}],
        "groupBy": [{"ref": [c.name]} for c in headcount]}}  # fmt: skip
    keydate_query = {"SELECT": {**headcount_query["SELECT"], "where": [
        {"ref": ["BEGDA"]}, "<=", {"ref": ["P_KEY_DATE"], "param": True}, "and",
        {"ref": ["ENDDA"]}, ">=", {"ref": ["P_KEY_DATE"], "param": True}]}}  # fmt: skip
    return [
        joined(SPACE, "V_EMPLOYEE_DIM", "Employee", ("EMPLOYEE_ORG_ASSIGNMENT", ORG_ASSIGNMENT.cols),
               ("EMPLOYEE_PERSONAL_DATA", PERSONAL.pick("PERNR", "NACHN", "VORNA", "GESCH", "NATIO")),
               [("PERNR", "PERNR")], exposed=True, kind="ANALYTICAL_DIMENSION", assocs=[org]),
        projection(SPACE, "V_ORG_UNIT_DIM", "Organizational Unit", "ORG_UNIT", ORG_UNIT.cols, exposed=True,
                   kind="ANALYTICAL_DIMENSION"),
        view(SPACE, "V_HEADCOUNT_FACT", "Headcount", headcount_cols, headcount_query, exposed=True,
             kind="ANALYTICAL_FACT", assocs=[org]),
        joined(SPACE, "V_EMPLOYEE_COMPENSATION", "Employee Compensation (restricted)",
               ("EMPLOYEE_BASIC_PAY", BASIC_PAY.cols),
               ("EMPLOYEE_ORG_ASSIGNMENT", ORG_ASSIGNMENT.pick("PERNR", "ORGEH")),
               [("PERNR", "PERNR")], exposed=False),
        projection(SPACE, "V_TIME_RECORDING_FACT", "Recorded Working Time", "TIME_RECORDING", TIME_RECORDING.cols,
                   exposed=True, kind="ANALYTICAL_FACT", assocs=[employee]),
        view(SPACE, "V_HEADCOUNT_BY_KEYDATE", "Headcount at Key Date", headcount_cols, keydate_query, exposed=True,
             params=[col("P_KEY_DATE", "Date", "Key Date")]),
        view(SPACE, "V_HOURS_PER_EMPLOYEE", "Hours per Employee", TIME_RECORDING.pick("PERNR", "CATSHOURS"),
             aggregated("TIME_RECORDING", ["PERNR"], ["CATSHOURS"]), exposed=None),
    ]  # fmt: skip


def fixtures() -> list[Fixture]:
    """Every object of the HR space."""
    remote = [
        remote_table(SPACE, "RT_SF_EMP_JOB", SF_EMP_JOB, "SF_EMPLOYEE_CENTRAL", '"SFSF"."EmpJob"'),
        remote_table(SPACE, "RT_SF_PER_PERSON", SF_PERSON, "SF_EMPLOYEE_CENTRAL", '"SFSF"."PerPerson"'),
        s4_remote(SPACE, ORG_ASSIGNMENT, "PA0001"),
    ]
    headcount = Cube("V_HEADCOUNT_FACT", "HEADCOUNT",
                     tuple(ORG_ASSIGNMENT.pick("BUKRS", "WERKS", "PERSG", "PERSK", "ORGEH")),
                     (col("HEADCOUNT", "Integer", "Headcount", "measure"),),
                     (Dim(Assoc("_ORGUNIT", "V_ORG_UNIT_DIM", (("ORGEH", "OBJID"),), "Organizational Unit"),
                          (("STEXT", "Organizational Unit Name"),), "_ORG"),))  # fmt: skip
    flows = [
        data_flow(SPACE, "DF_LOAD_SF_EMPLOYEES", "Load SuccessFactors Jobs into Org Assignment",
                  ["RT_SF_EMP_JOB", "RT_SF_PER_PERSON"], "EMPLOYEE_ORG_ASSIGNMENT",
                  [("PERNR", '"userId"'), ("BEGDA", 'TO_DATE("startDate")'), ("ORGEH", '"department"'),
                   ("BUKRS", '"company"')]),
        replication_flow(SPACE, "RF_SF_TO_S3", "Replicate Employee Jobs to the S3 Data Lake",
                         Endpoint("SF_EMPLOYEE_CENTRAL", "SAPSUCCESSFACTORS", "/odata/v2"),
                         Endpoint("S3_DATALAKE", "S3", "/sap/hr/restricted"), [("EmpJob", "emp_job")]),
    ]  # fmt: skip
    return [*(local_table(SPACE, t) for t in TABLES), *remote, *_views(),
            analytic_model(SPACE, "AM_HEADCOUNT", "Headcount Analysis", headcount), *flows]  # fmt: skip
