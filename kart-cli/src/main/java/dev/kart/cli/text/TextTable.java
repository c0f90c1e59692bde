package dev.kart.cli.text;

import java.util.List;
import java.util.Locale;

/** Plain-text tables with left-aligned columns, for terminal output. */
public final class TextTable {
    private TextTable() {
    }

    /**
     * @param rows the rows, the header first; every row has the same number of cells
     * @param indent what each line starts with
     * @return the table, one line per row, columns three spaces apart, no trailing spaces
     */
    public static String render(List<String[]> rows, String indent) {
        int columns = rows.isEmpty() ? 0 : rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", row[i])).append("   ");
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
