"""Protocol rules, free of Qt: precedence, names, duplicates, registers and seating plans."""
