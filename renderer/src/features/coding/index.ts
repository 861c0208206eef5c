import type { Feature } from '../feature.js';
import './coding.css';
import { CodingToolbar } from './Toolbar.js';

export const codingFeature: Feature = { views: [], toolbar: CodingToolbar };
