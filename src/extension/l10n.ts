import * as vscode from 'vscode';
import { englishTemplate } from '../core/messages';
import { Message } from '../core/model';

/** Renders a core message in the UI language: the English template is the l10n key. */
export function t(m: Message): string {
  return vscode.l10n.t(englishTemplate(m), ...(m.args ?? []));
}

/**
 * A core message for a surface that shows text as is (modal, notification, quick pick): the
 * Markdown code marks of the catalogue (`prisma db push`) would show as literal backticks there.
 */
export function plain(m: Message): string {
  return t(m).replace(/`([^`\n]*)`/g, '$1');
}
