// Choosing people for a group: the shared people picker (src/shared/PeoplePicker.tsx) on the
// store's directory. People who are in the group already (and the user) are not offered.
import { useChatStore } from '../../app/store-context';
import { PeoplePicker, type PeoplePickerProps } from '../../shared/PeoplePicker';

export function MemberPicker(props: PeoplePickerProps) {
  const store = useChatStore();
  return <PeoplePicker {...props} fetchPage={(q, cursor) => store.directoryPage(q, cursor)} />;
}
