"""The data shipped with dossier. Its packages are the repository's top-level
folders templates/, schemas/ and rulesets/, mapped here by pyproject.toml
(dossier.data.templates, .schemas, .rulesets): a wheel carries them in this
folder, an editable install finds them in the checkout. Read them through
dossier.resources."""
