import type { Finding } from '../../detect/finding';
import { msg } from '../../messages';
import type { Message } from '../../model';
import type { ScanHints } from '../stack';

/**
 * Django's own exception line (`django.db.utils.OperationalError: …`, captured from Django 3.2).
 * A bare driver error (`sqlite3.OperationalError`) could come from any Python program: it is
 * Django's only when it names one of Django's tables.
 */
const DJANGO_ERROR = /\bdjango\.db\.utils\.\w+Error\b/;

/** `session-doctor scan` advice on errors Django printed: manage.py commands and the settings only. */
export const DJANGO_HINTS: ScanHints = {
  owns: (f: Finding) => f.kind === 'django-unapplied-migration' || DJANGO_ERROR.test(f.text) || f.table.toLowerCase().startsWith('django_'),
  hints: (f: Finding): Message[] => {
    const first = msg(
      f.kind === 'django-unapplied-migration' ? 'hint.django.unapplied' : f.kind === 'missing-column' ? 'hint.django.column' : 'hint.django.table',
    );
    return f.session ? [first, msg('hint.django.session')] : [first];
  },
};
