"""The run signature: every field that changes a translation, the glossary layers by name."""

from __future__ import annotations

from translate.config import DecodeOptions, EnforceOptions
from translate.mt import open_engine
from translate.mt.models import resolve
from translate.run.manifest import decoding_entry, engine_entry, signature


def test_signature_and_entries(tiny_models) -> None:
    model = resolve(str(tiny_models["marian"]))
    engine = open_engine("ct2", model, device="cpu", threads=1)
    sig = signature(model, engine, DecodeOptions(beam_size=2), EnforceOptions.of("placeholder", strict=True),
                    "0123456789abcdef", "9.9")
    assert sig == (f"model:{model.id}|rev:{model.fingerprint()}|engine:ct2-int8|device:cpu|beam:2|ratio:3.0|"
                   "norepeat:0|glossary:0123456789|terms:placeholder+nbest+force+repair+strict|v:9.9")
    assert model.fingerprint().startswith("local-") and len(model.fingerprint()) == 18
    vocabulary = engine.vocabulary
    assert engine_entry(engine) == {"name": "ct2", "device": "cpu", "quantization": "int8", "vocabulary_map": None,
                                    "output_vocabulary": vocabulary}
    assert decoding_entry(DecodeOptions()) == {"beam": 4, "max_length_ratio": 3.0, "no_repeat_ngram": 0,
                                               "batch_tokens": 4096}


def test_a_changed_model_folder_has_another_fingerprint(tmp_path, tiny_models) -> None:
    import shutil

    copy = tmp_path / "model"
    shutil.copytree(tiny_models["marian"], copy)
    before = resolve(str(copy)).fingerprint()
    config = copy / "generation_config.json"
    config.write_text(config.read_text(encoding="utf-8").replace('"num_beams": 1', '"num_beams": 2'), encoding="utf-8")
    assert resolve(str(copy)).fingerprint() != before


def test_nllb_into_english_names_its_vocabulary_map(tiny_models) -> None:
    """The English output map changes translations: the signature and the manifest say which was used."""
    model = resolve(str(tiny_models["nllb"]))
    mapped = open_engine("ct2", model, device="cpu", threads=1)
    full = open_engine("ct2", model, device="cpu", threads=1, full_vocabulary=True)
    decode, enforce = DecodeOptions(), EnforceOptions()
    with_map, without = (signature(model, e, decode, enforce, None, "9.9") for e in (mapped, full))
    assert f"|vocab:{mapped.vocabulary_map}|" in with_map and mapped.vocabulary_map.startswith("english-v1-")
    assert "vocab:" not in without and with_map.replace(f"|vocab:{mapped.vocabulary_map}", "") == without
    assert engine_entry(mapped)["output_vocabulary"] < engine_entry(full)["output_vocabulary"]
