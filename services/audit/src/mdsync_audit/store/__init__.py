"""Store adapters of the audit service: writing events and views, reading them back."""
