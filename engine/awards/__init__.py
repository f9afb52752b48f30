"""Award rounds: the emulation law's tables (data, by date), nominations from YAML or XLSX, the
rules that decide each nominee, and the dossiers. May import every layer but cli.
"""
