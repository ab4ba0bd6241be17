"""Data shipped with dossier, read through dossier.resources: this folder is installed as the
package dossier.data.templates (see pyproject.toml)."""
