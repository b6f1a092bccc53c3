package io.github.covidxray.core.testing;

import io.github.covidxray.core.LungMask;
import io.github.covidxray.core.LungSegmenter;
import io.github.covidxray.core.XrayImage;
import io.github.covidxray.core.model.ModelCard;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** A {@link LungSegmenter} for tests: the masks come from a function of the image; no model, no card. */
public final class FakeLungSegmenter implements LungSegmenter {

    private final Function<XrayImage, LungMask> masks;

    /**
     * @param masks the mask of each image (called on the caller's thread; make it thread-safe if shared)
     */
    public FakeLungSegmenter(Function<XrayImage, LungMask> masks) {
        this.masks = masks;
    }

    @Override
    public LungMask segment(XrayImage image) {
        return masks.apply(image);
    }

    @Override
    public List<LungMask> segment(List<XrayImage> images) {
        List<LungMask> out = new ArrayList<>();
        images.forEach(i -> out.add(segment(i)));
        return out;
    }

    @Override
    public ModelCard card() {
        return null;
    }

    @Override
    public String engine() {
        return "fake";
    }

    @Override
    public void close() {}
}
