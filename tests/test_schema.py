"""The published JSON Schemas are the ones the engine uses, and they accept the samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from engine.campaign.schema import campaign_schema, nomination_schema, profile_schema
from engine.campaign.yaml_reader import load
from tests.conftest import ROOT, SAMPLES


@pytest.mark.parametrize(("name", "build"), [("campaign", campaign_schema),
                                             ("co-quan", profile_schema),
                                             ("de-nghi", nomination_schema)])
def test_published_schemas_are_current(name: str, build: object) -> None:
    published = json.loads((ROOT / "schema" / f"{name}.schema.json").read_text("utf-8"))
    assert published == build(), "run `vanban schema` and commit schema/"  # type: ignore[operator]
    Draft202012Validator.check_schema(published)


@pytest.mark.parametrize("path", SAMPLES + sorted((ROOT / "samples" / "co-quan").glob("*.yaml")),
                         ids=lambda p: Path(p).name)
def test_samples_satisfy_the_published_schemas(path: Path) -> None:
    kind = "co-quan" if path.parent.name == "co-quan" else "campaign"
    schema = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text("utf-8"))
    data = load(path).data
    assert not list(Draft202012Validator(schema).iter_errors(data))
