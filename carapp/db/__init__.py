"""SQLite storage through SQLModel: tables, engine, migrations."""
