FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --requirement requirements/base.txt

COPY . .
# The image serves the files collected here: hashed names, gzip and brotli copies, cached for a year (see README).
ENV STATIC_COLLECTED=true
RUN SECRET_KEY=collectstatic python manage.py collectstatic --no-input

RUN useradd --system boussole
USER boussole
EXPOSE 8000
# Workers, timeouts and access log: gunicorn.conf.py.
CMD ["gunicorn", "boussole.wsgi"]
