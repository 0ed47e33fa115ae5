# Kvalitetslotsen – production image. See docs/production.md.
#
#   docker build -t kvalitetslotsen:1.0.0 .
#   docker run --rm --env-file prod.env kvalitetslotsen:1.0.0 python app.py migrate   # one-off, before a rollout
#   docker run -d --env-file prod.env -p 3978:3978 kvalitetslotsen:1.0.0             # each instance
#
# Secrets (MicrosoftAppPassword, the password in DATABASE_URL) come from the environment at run time;
# nothing secret is copied into the image (.env is excluded by .dockerignore).
# For byte-for-byte rebuilds pin the base image by digest as well: python:3.11-slim-bookworm@sha256:…
FROM python:3.11-slim-bookworm

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore \
    HOST=0.0.0.0 \
    PORT=3978 \
    ENVIRONMENT=production

WORKDIR /app

# Runtime dependencies only (requirements.txt is pinned; the dev/test tools are not installed).
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

# Only what the service runs: no tests, tools, bench, appPackage or .env.
COPY app.py settings.py alembic.ini ./
COPY bot/ bot/
COPY hosting/ hosting/
COPY outbox/ outbox/
COPY dialogs/ dialogs/
COPY domain/ domain/
COPY services/ services/
COPY storage/ storage/
COPY texts/ texts/
COPY config/ config/

# Code stays owned by root and read-only for the service; bytecode is compiled now, not at every start.
# The service user has no writable directory in /app: without DATABASE_URL the SQLite default cannot be
# created and the container fails at start instead of keeping data in its throw-away file system.
RUN python -m compileall -q /app \
    && groupadd --gid 10001 kvalitetslotsen \
    && useradd --uid 10001 --gid 10001 --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin kvalitetslotsen
USER 10001:10001

EXPOSE 3978

# Liveness probe for plain Docker (orchestrators use their own probes: docs/production.md). No curl here.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('PORT', '3978') + '/healthz', timeout=4)"]

# `run` applies pending migrations (a no-op once the one-off `python app.py migrate` has run), then serves.
# Exec form: the Python process gets SIGTERM directly and shuts down gracefully (docs/production.md).
CMD ["python", "app.py", "run"]
