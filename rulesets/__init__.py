"""Data shipped with dossier, read through dossier.resources: this folder is installed as the
package dossier.data.rulesets (see pyproject.toml)."""
