package dev.kart.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The line that opened a brace or bracket the file never closes, whatever strings and comments hold. */
class UnclosedBracketsTest {
    @Test
    void aFileWhoseBracketsAllCloseHasNone() {
        assertThat(UnclosedBrackets.in("a { b = [1, 2] }\nc = \"{\"\n", '{')).isEmpty();
        assertThat(UnclosedBrackets.in("", '[')).isEmpty();
    }

    @Test
    void theOutermostOpeningLeftOpenIsNamedWithItsLine() {
        assertThat(UnclosedBrackets.in("x = 1\r\na {\r\n  b {\r\n    c = [1,\r\n  }\r\n", '{'))
                .contains(new UnclosedBrackets.Opening('{', 2));
        assertThat(UnclosedBrackets.in("x = 1\nlist = [\n  1,\n", '[')).contains(new UnclosedBrackets.Opening('[', 2));
    }

    @Test
    void aTripleQuotedStringNeverClosedIsNamedByItsLine() {
        assertThat(UnclosedBrackets.in("a { b = 1 }\nc = \"\"\"x {\ny\n", '"')).contains(new UnclosedBrackets.Opening('"', 2));
        assertThat(UnclosedBrackets.in("c = \"\"\"x\"\"\"\n", '"')).isEmpty();
    }

    /** The parser says which kind it found open: a list inside an open object is not the object, nor the reverse. */
    @Test
    void theOpeningIsOfTheKindAsked() {
        String listInObject = "kart {\n  nodes = [\n    \"a\",\n";
        assertThat(UnclosedBrackets.in(listInObject, '[')).contains(new UnclosedBrackets.Opening('[', 2));
        assertThat(UnclosedBrackets.in(listInObject, '{')).contains(new UnclosedBrackets.Opening('{', 1));
        assertThat(UnclosedBrackets.in("x = [\n  { a = 1\n", '{')).contains(new UnclosedBrackets.Opening('{', 2));
    }

    @Test
    void stringsCommentsAndSubstitutionsHoldNoOpenings() {
        String text = "a = \"}\" # }\n"
                + "b = \"\"\"\n}\n]\n\"\"\"\" // ] a run of four quotes ends it at the last\n"
                + "c = ${?HOME}\n"
                + "d = \"ends with a backslash \\\n"
                + "e = ${unclosed\n"
                + "f {\n";
        assertThat(UnclosedBrackets.in(text, '{')).contains(new UnclosedBrackets.Opening('{', 9));
    }
}
