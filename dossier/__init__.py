"""dossier: Party admission paperwork from YAML data to bundled PDF dossiers."""

__version__ = "0.1.0"
