// The app's shell: the empty screen, the connection, the toast, desktop notifications.
export const app = {
  'app.pickChat': 'Pick a chat',
  'app.pickChatHint': 'Choose a conversation on the left, or start a new one with the button at the top.',
  'app.dismiss': 'Dismiss',
  'app.connection.connecting': 'Connecting…',
  'app.connection.connected': 'Connected',
  'app.connection.reconnecting': 'Reconnecting…',
  'app.connection.offline': 'Offline',
  'app.notice.newMessage': 'New message',
  'app.notice.from': '{name}: {text}',
  'app.notice.mentionsYou': 'Mentions you · {text}',
  'app.notice.newMessages': '{count} new messages',
} as const;
