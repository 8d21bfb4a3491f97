"""YAML files (CITATION.cff, the data file), read into plain Python values."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import InputError

#: PyYAML's safe loader, in C where libyaml is there (ten times faster: 16 ms
#: less for the data file, on every build).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml_mapping(path: Path, error: type[InputError]) -> dict:
    """A YAML file's top-level mapping, or ``error`` naming the file and the fault."""
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise error(f"{path}: is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise error(f"{path}: must be a YAML mapping")
    return raw
