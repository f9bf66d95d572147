import streamlit as st
from mdsync_ui.common import page

page("dead_letters")
