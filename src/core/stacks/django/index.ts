/** The Django stack: `django.contrib.sessions` with the db / cached_db engine and its `django_session` table, on SQLite, PostgreSQL or MySQL/MariaDB. */
import type { Stack } from '../stack';
import { discoverDjangoApps, type DjangoApp } from './djangoApp';
import { DJANGO_HINTS } from './hints';
import { gatherDjangoFacts, type DjangoFacts } from './djangoFacts';
import { djangoRules, djangoSessionSql } from './djangoRules';

export const djangoStack: Stack<DjangoApp, DjangoFacts> = {
  id: 'django',
  markers: ['**/manage.py', '**/settings.py', '**/settings/*.py'],
  scanHints: DJANGO_HINTS,
  createTableFixes: ['django.createTable'],
  discover: ({ root, folders, maxDepth }) => discoverDjangoApps(root, { maxDepth, folders }),
  gatherFacts: gatherDjangoFacts,
  rules: djangoRules,
  sessionTableDdl: (facts, dialect) => djangoSessionSql(facts, dialect),
};
