# The directive-graph service and command line (see docker-compose.yml and README: Docker).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
RUN pip install --no-cache-dir . \
 && useradd --create-home app \
 && mkdir -p /app/data /input \
 && chown app:app /app/data
USER app
# the embedded store, when no NEO4J_URI is given: a volume the app user may write
ENV DIRECTIVE_GRAPH_DATA=/app/data
VOLUME ["/app/data"]
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=5 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=3)"]
CMD ["directive-graph", "serve", "--host", "0.0.0.0", "--port", "8000"]
