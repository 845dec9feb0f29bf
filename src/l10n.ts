import * as vscode from 'vscode';
import { englishTemplate } from './core/i18n/messages';
import { Message } from './core/model';

/** Renders a core message in the UI language: the English template is the l10n key. */
export function t(m: Message): string {
  return vscode.l10n.t(englishTemplate(m), ...(m.args ?? []));
}
