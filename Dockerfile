# The directive-graph API and command line (see docker-compose.yml).
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
RUN pip install --no-cache-dir .
RUN useradd --create-home app
USER app
EXPOSE 8000
CMD ["directive-graph", "serve", "--host", "0.0.0.0", "--port", "8000"]
