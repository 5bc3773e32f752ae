"""Bronze to silver: column names and types, event time and partitions, merge, the silver stores.

Also the reconciliation of a run's counts; every transform is DataFrame -> DataFrame.
"""
