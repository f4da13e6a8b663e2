"""The command line: everything headless, through the same services as the GUI."""
