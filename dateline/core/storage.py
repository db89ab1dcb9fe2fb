"""Where uploaded files and S3 clients come from, for a newsroom on one machine or several.

With DATELINE_MEDIA_BUCKET set, uploads live in a bucket (`media_storage.MediaStorage`); this
module answers which it is and makes the S3 clients everything else uses. boto3 is imported only
when a client is made: a site without buckets never loads it (about 34 MB in every process).
"""

from django.conf import settings


def has_local_files() -> bool:
    """Say whether uploaded files are in MEDIA_ROOT (one machine) rather than in a bucket."""
    return not settings.DATELINE_MEDIA_BUCKET


def s3_client():
    """Return an S3 client for the store the DATELINE_S3_* settings name.

    Unset credentials fall back to boto3's own chain (environment, ~/.aws, instance role).
    """
    options = {"region_name": settings.DATELINE_S3_REGION}
    if settings.DATELINE_S3_ENDPOINT_URL:
        options["endpoint_url"] = settings.DATELINE_S3_ENDPOINT_URL
    if settings.DATELINE_S3_ACCESS_KEY_ID:
        options["aws_access_key_id"] = settings.DATELINE_S3_ACCESS_KEY_ID
        options["aws_secret_access_key"] = settings.DATELINE_S3_SECRET_ACCESS_KEY
    import boto3

    return boto3.client("s3", **options)
