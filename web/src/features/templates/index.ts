// The templates feature as the app hands it to others: Settings' "Templates" section (the
// person's own), and a group's canned responses for its info panel.
export { CannedResponses } from './CannedResponses';
export { TemplatesSection } from './TemplatesSection';
