// The exports feature as the app hands it to others: Settings' "Your data" section (the export
// form and the person's exports).
export { ExportSection } from './ExportSection';
