"""Rejected rows: the reason codes and the writer of the quarantine zone.

Shared by the bronze-to-silver transform and the JDBC landing.
"""
