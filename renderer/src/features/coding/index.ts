import type { Feature } from '../registry.js';
import './coding.css';
import { CodingToolbar } from './Toolbar.js';

export const codingFeature: Feature = { views: [], toolbar: CodingToolbar };
