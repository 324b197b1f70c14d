"""Static files: fingerprinted and compressed by WhiteNoise after `collectstatic`.

A server started before (or without) `collectstatic` still renders every page: a file missing
from the manifest gets its plain address, which WhiteNoise serves from the source folders
(WHITENOISE_USE_FINDERS), instead of every page answering 500.
"""

import logging

from django.contrib.staticfiles import finders
from whitenoise.storage import CompressedManifestStaticFilesStorage

logger = logging.getLogger(__name__)
_reported: set[str] = set()


class StaticStorage(CompressedManifestStaticFilesStorage):
    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            if name not in _reported:
                _reported.add(name)
                # WhiteNoise also asks for names that exist nowhere (it strips two extensions
                # from jquery.init.js to test for a fingerprint): only a real file is news.
                if finders.find(name):
                    logger.warning("Static file %s is not collected: run `collectstatic`.", name)
            return name
