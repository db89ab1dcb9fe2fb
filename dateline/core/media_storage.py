"""Uploaded files in an S3-compatible bucket, for a newsroom that runs on several machines.

With DATELINE_MEDIA_BUCKET set, image originals, renditions and documents are stored in the bucket
(django-storages), so every node reads and writes the same files. Their addresses stay this
site's own `/media/…`: pages load nothing from another host, and every file still passes the media
gate (`media.py`), which checks its collection and streams it from the bucket. The bucket itself
is private: nothing in it is public unless the gate (or the bake, for pictures readers may see)
hands it out.
"""

from urllib.parse import quote

from django.conf import settings
from storages.backends.s3 import S3Storage


class MediaStorage(S3Storage):
    """Django's default storage on an S3 bucket, addressed through the media gate.

    Names are never overwritten (a second `photo.jpg` gets a new name, as on disk), because
    renditions and originals are cached for a week under their names. No ACL is sent and no signed
    URL is made: the bucket stays private, readers never see its address.
    """

    file_overwrite = False
    default_acl = None
    querystring_auth = False

    def url(self, name, parameters=None, expire=None, http_method=None):
        """Return the file's address on this site: `/media/<name>`, answered by the media gate."""
        return settings.MEDIA_URL + quote(name.lstrip("/"))
