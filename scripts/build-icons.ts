// `npm run build:icons`: the installers' icons in build/icons (see scripts/icons.ts).
import { writeAppIcons } from './icons.ts';

writeAppIcons('build/icons');
