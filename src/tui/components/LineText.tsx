/** One line of styled segments as ink text; props in, JSX out. */
import { Text } from 'ink';
import type { Line } from '../state/view.js';
import { toneStyle } from '../theme.js';

export function LineText({ line, color }: { readonly line: Line; readonly color: boolean }) {
  if (line.length === 0) return <Text> </Text>;
  return (
    <Text wrap="truncate">
      {line.map((s, i) => (
        <Text key={i} {...toneStyle(s.tone, color)}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}
