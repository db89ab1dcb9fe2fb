"""A site without buckets never loads boto3, which costs about 34 MB in every web worker."""

import json
import os
import subprocess
import sys

LOAD_THE_WEB_PROCESS = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
import dateline.wsgi, dateline.publish.front
for pattern in get_resolver().url_patterns:  # import every view the site answers with
    getattr(pattern, "url_patterns", None)
print(json.dumps(sorted(name for name in ("boto3", "botocore", "storages") if name in sys.modules)))
"""


def run_web_process(tmp_path, **environment) -> list[str]:
    completed = subprocess.run(
        [sys.executable, "-c", LOAD_THE_WEB_PROCESS],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
            "DATELINE_HOME": str(tmp_path),
            **environment,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(completed.stdout.strip().splitlines()[-1])


def test_a_site_without_buckets_does_not_load_the_s3_libraries(tmp_path):
    assert run_web_process(tmp_path) == []


def test_a_site_with_its_media_in_a_bucket_loads_them(tmp_path):
    loaded = run_web_process(
        tmp_path, DATELINE_MEDIA_BUCKET="newsroom-media", DATELINE_S3_ENDPOINT_URL="http://s3.test"
    )
    assert "storages" in loaded
