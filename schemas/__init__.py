"""Data shipped with dossier, read through dossier.resources: this folder is installed as the
package dossier.data.schemas (see pyproject.toml)."""
