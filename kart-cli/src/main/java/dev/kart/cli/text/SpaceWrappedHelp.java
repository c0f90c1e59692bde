package dev.kart.cli.text;

import java.util.HashMap;
import java.util.IllegalFormatException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's usage help, with option descriptions, the description and the footer wrapped at spaces only. picocli wraps them where
 * {@link java.text.BreakIterator#getLineInstance()} allows a break, which includes after a dot inside
 * a word: a config key such as {@code kart.lock.backend} or a file name such as {@code
 * application.conf} was cut in two at the end of a line, and could not be copied whole. A word longer
 * than the column stands whole on a line of its own, past the column's end. Set with {@code
 * CommandLine#setHelpFactory(SpaceWrappedHelp::new)}.
 */
public final class SpaceWrappedHelp extends Help {
    /**
     * @param command the command whose help this is
     * @param colorScheme its color scheme
     */
    public SpaceWrappedHelp(CommandSpec command, ColorScheme colorScheme) {
        super(command, colorScheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
            ColorScheme colorScheme) {
        TextTable columns = TextTable.forDefaultColumns(colorScheme,
                calcLongOptionColumnWidth(options, positionals, colorScheme), commandSpec().usageMessage().width());
        TextTable table = new SpaceWrappedTable(colorScheme, columns.columns());
        table.setAdjustLineBreaksForWideCJKCharacters(commandSpec().usageMessage().adjustLineBreaksForWideCJKCharacters());
        return new Layout(colorScheme, table, createDefaultOptionRenderer(), createDefaultParameterRenderer());
    }

    /** The description, wrapped at spaces as the option table is: it names config keys and files too. */
    @Override
    public String description(Object... params) {
        return spaceWrapped(commandSpec().usageMessage().description(), params);
    }

    /** The footer, wrapped at spaces: a task's help names its config keys there ({@code kart.tasks."pkg.Task"}). */
    @Override
    public String footer(Object... params) {
        return spaceWrapped(commandSpec().usageMessage().footer(), params);
    }

    /** Lays out paragraphs as picocli's {@code Help.join} does, one row each across the whole width. */
    private String spaceWrapped(String[] paragraphs, Object... params) {
        if (paragraphs == null || paragraphs.length == 0) {
            return "";
        }
        TextTable columns = TextTable.forColumnWidths(colorScheme(), commandSpec().usageMessage().width());
        TextTable table = new SpaceWrappedTable(colorScheme(), columns.columns());
        table.setAdjustLineBreaksForWideCJKCharacters(commandSpec().usageMessage().adjustLineBreaksForWideCJKCharacters());
        table.indentWrappedLines = 0;
        for (String paragraph : paragraphs) {
            table.addRowValues(colorScheme().text(formatted(paragraph, params)));
        }
        return table.toString();
    }

    /** As picocli formats a paragraph: with the parameters given, or as it is when it is no format for them. */
    private static String formatted(String paragraph, Object... params) {
        if (paragraph == null) {
            return "";
        }
        try {
            return String.format(paragraph, params);
        } catch (IllegalFormatException e) {
            return paragraph;
        }
    }

    /**
     * A table whose wrapping columns break lines at spaces. A word longer than its column (a config key of a
     * task in a long package, {@code kart.tasks."com.example.pipelines.daily.Report".NAME}) is not cut: it
     * stands whole on a line of its own, past the column's end, so that it can be copied; so does an option
     * and the word after it ({@code -D 'kart.tasks."...".day=VALUE'}).
     */
    private static final class SpaceWrappedTable extends TextTable {
        private final ColorScheme colorScheme;
        /** Lines wider than their cell, by the cell's index in {@link #columnValues}, printed in its place. */
        private final Map<Integer, Text> overflowing = new HashMap<>();

        SpaceWrappedTable(ColorScheme colorScheme, Column[] columns) {
            super(colorScheme, columns);
            this.colorScheme = colorScheme;
        }

        /** Puts a value that wraps as lines that each fit the column but a word too long for it, which overflows. */
        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Column.Overflow.WRAP || value == null) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            Cell last = new Cell(col, row);
            int at = 0;
            for (int line = 0; at < plain.length(); line++) {
                int indent = line == 0 ? column.indent : column.indent + indentWrappedLines;
                int end = lineEnd(plain, at, column.width - indent);
                Text part = value.substring(at, end);
                if (line > 0) {
                    addEmptyRow();
                    part = colorScheme.text(" ".repeat(indentWrappedLines)).concat(part);
                }
                int partRow = last.row + (line > 0 ? 1 : 0);
                if (end - at > column.width - indent) {
                    // picocli would wrap it again, cut where the column ends: kept aside and printed whole instead
                    last = super.putValue(partRow, col, colorScheme.text(""));
                    overflowing.put(partRow * columns().length + col,
                            colorScheme.text(" ".repeat(column.indent)).concat(part));
                } else {
                    last = super.putValue(partRow, col, part);
                }
                at = end;
                while (at < plain.length() && plain.charAt(at) == ' ') {
                    at++;
                }
            }
            return last;
        }

        /** As picocli lays the table out, with an overflowing line in the place of its cell. */
        @Override
        public StringBuilder toString(StringBuilder text) {
            int columnCount = columns().length;
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < columnValues.size(); i++) {
                Text overflow = overflowing.get(i);
                Text cell = overflow == null ? columnValues.get(i) : overflow;
                row.append(cell.toString());
                row.append(" ".repeat(Math.max(0, columns()[i % columnCount].width - cell.plainString().length())));
                if (i % columnCount == columnCount - 1) {
                    int lastChar = row.length() - 1;
                    while (lastChar >= 0 && row.charAt(lastChar) == ' ') {
                        lastChar--;
                    }
                    row.setLength(lastChar + 1);
                    text.append(row).append(System.lineSeparator());
                    row.setLength(0);
                }
            }
            return text;
        }

        @Override
        public String toString() {
            return toString(new StringBuilder()).toString();
        }

        /**
         * @return where the line that starts at {@code from} ends: after the last word that fits in {@code room}
         *     characters with the space after it, as picocli counts a word that ends a line but not the value; else
         *     after the first word, however long. An option and the word after it ({@code -D kart.retry.count=2})
         *     stay on one line, to be copied together. Spaces that indent the line ({@code   kart.tasks...}) are
         *     part of its first word.
         */
        private static int lineEnd(String text, int from, int room) {
            if (text.length() - from <= room) {
                return text.length();
            }
            int start = from;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
            for (int space = text.lastIndexOf(' ', from + room - 1); space > start; space = text.lastIndexOf(' ', space - 1)) {
                if (!isOption(text, Math.max(start, text.lastIndexOf(' ', space - 1) + 1), space)) {
                    return space;
                }
            }
            // a word longer than the line, with the word after it when it is an option
            int end = wordEnd(text, start);
            return isOption(text, start, end) && end < text.length() ? wordEnd(text, end + 1) : end;
        }

        private static int wordEnd(String text, int from) {
            int space = text.indexOf(' ', from);
            return space < 0 ? text.length() : space;
        }

        /** @return whether the word from {@code start} to {@code end} is an option, after an opening parenthesis or quote */
        private static boolean isOption(String text, int start, int end) {
            int at = start;
            while (at < end && "('\"".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            return at < end && text.charAt(at) == '-';
        }
    }
}
