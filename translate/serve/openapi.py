"""The OpenAPI 3 description of the server (``GET /spec``, where LibreTranslate serves its own): the
LibreTranslate routes with their request and answer shapes, and this server's extra answer fields.
The fuzz tests draw requests from it."""

from __future__ import annotations

from typing import Any

from .. import __version__

_ERROR = {"type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}
_STRING_OR_LIST = {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}

_TRANSLATE_FIELDS: dict[str, Any] = {
    "q": {**_STRING_OR_LIST, "description": "Text (or texts) to translate; lines are kept."},
    "source": {"type": "string", "enum": ["fa", "auto"], "description": "Source language code."},
    "target": {"type": "string", "enum": ["en"], "description": "Target language code."},
    "format": {"type": "string", "enum": ["text", "html"], "default": "text",
               "description": "html: q is HTML (a page or a fragment); its tree and attributes are kept "
                              "and every visible text node translated."},
    "alternatives": {"type": "integer", "minimum": 0, "description": "Accepted; answered with empty lists."},
    "api_key": {"type": "string", "description": "API key (when the server asks for one)."},
}

_QUALITY = {"type": "object", "properties": {
    "verdict": {"type": "string", "enum": ["ok", "review", "bad"]},
    "reasons": {"type": "array", "items": {"type": "string"}}}}
_TERMS = {"type": "object", "properties": {
    "landed": {"type": "integer"}, "total": {"type": "integer"},
    "enforced": {"type": "array", "items": {"type": "object"}},
    "missing": {"type": "array", "items": {"type": "object"}}}}


def _errors(*codes: int) -> dict[str, Any]:
    return {str(c): {"description": "Error", "content": {"application/json": {"schema": _ERROR}}} for c in codes}


def spec(url: str = "/") -> dict[str, Any]:
    """The OpenAPI document, with ``url`` as the server."""
    form = {"application/json": {"schema": {"type": "object", "properties": _TRANSLATE_FIELDS,
                                            "required": ["q", "source", "target"]}},
            "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
                **_TRANSLATE_FIELDS, "q": {"type": "string"}}, "required": ["q", "source", "target"]}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "persian-translate (LibreTranslate API)", "version": __version__},
        "servers": [{"url": url}],
        "paths": {
            "/translate": {"post": {
                "summary": "Translate text from Persian to English",
                "requestBody": {"required": True, "content": form},
                "responses": {"200": {"description": "Translated text", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "translatedText": _STRING_OR_LIST,
                        "detectedLanguage": {},
                        "alternatives": {"type": "array"},
                        "quality": {"oneOf": [_QUALITY, {"type": "array", "items": _QUALITY}]},
                        "terms": {"oneOf": [_TERMS, {"type": "array", "items": _TERMS}]},
                        "sentences": {"type": "array"}},
                    "required": ["translatedText"]}}}},
                    **_errors(400, 403, 413, 429, 503)}}},
            "/translate_file": {"post": {
                "summary": "Translate a file (.txt, .md, .markdown, .html, .htm), kept in its format",
                "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                    "type": "object", "properties": {
                        "file": {"type": "string", "format": "binary"}, "source": _TRANSLATE_FIELDS["source"],
                        "target": _TRANSLATE_FIELDS["target"], "api_key": _TRANSLATE_FIELDS["api_key"]},
                    "required": ["file", "source", "target"]}}}},
                "responses": {"200": {"description": "Where to download the translation", "content": {
                    "application/json": {"schema": {"type": "object", "properties": {
                        "translatedFileUrl": {"type": "string"}}, "required": ["translatedFileUrl"]}}}},
                    **_errors(400, 403, 413, 429, 503)}}},
            "/download_file/{filename}": {"get": {
                "summary": "A translated file",
                "parameters": [{"name": "filename", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "The file"}, **_errors(404)}}},
            "/detect": {"post": {
                "summary": "Detect the language of a text",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"q": {"type": "string"}, "api_key": {"type": "string"}},
                    "required": ["q"]}}}},
                "responses": {"200": {"description": "Candidates", "content": {"application/json": {"schema": {
                    "type": "array", "items": {"type": "object", "properties": {
                        "confidence": {"type": "number"}, "language": {"type": "string"}}}}}}},
                    **_errors(400, 403, 413, 429)}}},
            "/languages": {"get": {"summary": "Languages", "responses": {"200": {
                "description": "Languages", "content": {"application/json": {"schema": {"type": "array", "items": {
                    "type": "object", "properties": {"code": {"type": "string"}, "name": {"type": "string"},
                                                     "targets": {"type": "array", "items": {"type": "string"}}}}}}}}}}},
            "/health": {"get": {"summary": "Health", "responses": {"200": {"description": "Serving"}}}},
            "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "Metrics"}}}},
            "/frontend/settings": {"get": {"summary": "LibreTranslate frontend settings",
                                           "responses": {"200": {"description": "Settings"}}}},
        },
    }
