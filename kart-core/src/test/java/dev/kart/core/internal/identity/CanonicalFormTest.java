package dev.kart.core.internal.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CanonicalFormTest {

    @Test
    void widthOfIntegersDoesNotMatterSoWideningAParameterKeepsIds() {
        StringBuilder asInt = new StringBuilder();
        StringBuilder asLong = new StringBuilder();
        CanonicalForm.append(3, task -> "", asInt);
        CanonicalForm.append(3L, task -> "", asLong);

        assertThat(asInt.toString()).isEqualTo(asLong.toString()).isEqualTo("i3;");
    }
}
