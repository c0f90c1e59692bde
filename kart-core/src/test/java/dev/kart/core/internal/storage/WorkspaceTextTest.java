package dev.kart.core.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WorkspaceTextTest {

    @Test
    void aKeyPairBeforeTheLastAtIsLeftOutWhetherOrNotItParses() {
        assertThat(WorkspaceText.redacted("s3://AKIA:wJal/K7MD/bPx@team-bucket/p")).isEqualTo("s3://***@team-bucket/p");
        assertThat(WorkspaceText.redacted("s3://AKIA:wJ al%zz@team-bucket/p")).isEqualTo("s3://***@team-bucket/p");
        assertThat(WorkspaceText.redacted("s3://team-bucket/p")).isEqualTo("s3://team-bucket/p");
        assertThat(WorkspaceText.redacted("/data/kart@2")).isEqualTo("/data/kart@2");
        assertThat(WorkspaceText.redacted("/data//kart@2")).isEqualTo("/data//kart@2");
    }

    @Test
    void aKeyPairIsLeftOutWhenTheSchemeLacksItsColon() {
        assertThat(WorkspaceText.redacted("s3//AKIA:wJal/K7MD@team-bucket/p")).isEqualTo("s3//***@team-bucket/p");
    }

    @Test
    void aParsersMessageQuotingTheWorkspaceIsRedactedToo() {
        String text = "s3://AKIA:wJ al@team-bucket/p";
        assertThat(WorkspaceText.redactedIn("Illegal character in authority at index 5: " + text, text))
                .isEqualTo("Illegal character in authority at index 5: s3://***@team-bucket/p");
    }
}
