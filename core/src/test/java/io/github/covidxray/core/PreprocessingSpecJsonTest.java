package io.github.covidxray.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.covidxray.core.PreprocessingSpec.LungFocus;
import io.github.covidxray.core.model.ModelBundle;
import org.junit.jupiter.api.Test;

/** The lung focus in {@code model.json}: absent in older bundles, kept when written. */
class PreprocessingSpecJsonTest {

    private static final ObjectMapper JSON = ModelBundle.json();

    @Test
    void anOlderSpecWithoutLungFieldsReadsAsNoFocus() throws Exception {
        String old = "{\"width\":128,\"height\":128,\"resize_mode\":\"CENTER_CROP\",\"resampling\":\"AREA\","
                + "\"channels\":1,\"normalization\":\"IMAGENET\",\"contrast\":\"NONE\",\"gamma\":1.0,"
                + "\"clahe_clip_limit\":2.0,\"clahe_tiles\":8,\"dicom_intensity\":\"STORED_RANGE\"}";
        PreprocessingSpec spec = JSON.readValue(old, PreprocessingSpec.class);
        assertEquals(LungFocus.NONE, spec.lungFocus());
        assertEquals(PreprocessingSpec.DEFAULT_LUNG_MARGIN, spec.lungMargin());
        assertEquals(PreprocessingSpec.builder().setSize(128).optChannels(1).build(), spec);
    }

    @Test
    void aLungFocusSurvivesAWriteAndRead() throws Exception {
        PreprocessingSpec spec = PreprocessingSpec.builder().setSize(128).optChannels(1)
                .optLungFocus(LungFocus.CROP, 0.12).build();
        String text = JSON.writeValueAsString(spec);
        PreprocessingSpec back = JSON.readValue(text, PreprocessingSpec.class);
        assertEquals(spec, back);
        assertEquals(LungFocus.CROP, back.lungFocus());
        assertEquals(0.12, back.lungMargin());
        assertEquals(spec, spec.toBuilder().build());
    }

    @Test
    void aMarginOutsideTheUnitIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> PreprocessingSpec.builder().optLungFocus(LungFocus.BLANK, -0.1).build());
        assertThrows(IllegalArgumentException.class,
                () -> PreprocessingSpec.builder().optLungFocus(LungFocus.BLANK, Double.NaN).build());
    }
}
