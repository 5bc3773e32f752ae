"""The dataset spec: its JSON Schema, the loader that validates a YAML spec and the typed model it returns.

Also the checks that need Spark (event-time formats, time zones); nothing here reads data.
"""
