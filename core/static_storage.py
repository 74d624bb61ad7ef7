"""WhiteNoise's storage of the collected static files, remembering the address of each one it was asked for.

Every page names a dozen static files; finding each one's hashed name in the manifest and building its address costs
more than the rest of the layout once its fragments are kept. The manifest does not change while a process runs (a
new collectstatic comes with a new deployment), so each address is worked out once per process.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class RememberingManifestStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url
