"""Pure-Python domain rules: no Qt, no SQL, no I/O."""
