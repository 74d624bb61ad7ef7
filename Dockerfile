FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app

COPY requirements/base.txt requirements/base.txt
RUN pip install --no-cache-dir --requirement requirements/base.txt

COPY . .
RUN SECRET_KEY=collectstatic python manage.py collectstatic --no-input

RUN useradd --system boussole
USER boussole
EXPOSE 8000
CMD ["gunicorn", "boussole.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
