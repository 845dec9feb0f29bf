/**
 * The Python settings reader as one module, which the bundles build as a separate file
 * (`dist/django-settings.js`, see esbuild.js) and require only when a folder has a manage.py:
 * activation and apps of other stacks never load it.
 */
export { djangoSettingsFacts, moduleFileCandidates, settingsModuleFromManagePy } from './settingsFacts';
export { starImportedModules } from './settingsEval';
