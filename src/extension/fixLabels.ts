import * as vscode from 'vscode';
import { Fix } from '../core/model';

/**
 * A fix's name on a notification button: a verb or two, so the button is never cut off. The full
 * title, the command and the why stay in the quick pick ("More Fixes…") and the report.
 */
export function shortFixLabel(fix: Fix): string {
  switch (fix.id.replace(/\.withExample$/, '')) {
    case 'prisma.migrateDeploy':
      return vscode.l10n.t('Deploy Migrations');
    case 'prisma.applyMigration':
      return vscode.l10n.t('Apply Migration');
    case 'prisma.createTable':
    case 'prisma.createTableBaseline':
    case 'laravel.createTable':
      return vscode.l10n.t('Create Table');
    case 'prisma.dbPush':
      return vscode.l10n.t('Push Schema');
    case 'prisma.migrateDev':
      return vscode.l10n.t('Create Migration');
    case 'prisma.generate':
      return vscode.l10n.t('Generate Client');
    case 'laravel.migrate':
      return vscode.l10n.t('Run Migrations');
    case 'laravel.makeSessionTable':
      return vscode.l10n.t('Add Migration');
    case 'laravel.driver.cookie':
      return vscode.l10n.t('Use Cookie Sessions');
    case 'laravel.driver.file':
      return vscode.l10n.t('Use File Sessions');
    case 'laravel.nearestDriver':
      return vscode.l10n.t('Fix Driver Name');
    case 'laravel.configClear':
      return vscode.l10n.t('Clear Config Cache');
    case 'laravel.createEnv':
      return vscode.l10n.t('Create .env');
    case 'laravel.generateAppKey':
    case 'laravel.keyGenerate':
      return vscode.l10n.t('Generate Key');
    default:
      return vscode.l10n.t('Apply Fix');
  }
}
