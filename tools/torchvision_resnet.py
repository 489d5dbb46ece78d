"""torchvision's ResNet-18 and the conversion of its weights to the safetensors
file our library loads (lib/nn/models/resnet18.hpp, nn::resnet18).

Shared by tools/make_fixtures.py, which exports a random narrow ResNet-18 as
the parity fixture of tests/lib/resnet18_test.cpp (make_parity_fixture), and by
tools/export_torchvision.py, which exports the ImageNet weights: the same
save_state_dict() writes both, so the fixture tests the conversion.

The safetensors file is written by hand (8-byte little-endian header length,
JSON header padded with spaces to a multiple of 8, raw little-endian data),
as the reference implementation lays it out, so that neither script needs the
`safetensors` package.
"""
import json
import os
import struct


def resnet18(torch, width=64, num_classes=1000):
    """torchvision.models.resnet18 with `width` channels in its first stage
    (64 in torchvision; the stages have width, 2, 4 and 8 times it). Only the
    widths change: the class, the module names, the blocks (torchvision's own
    BasicBlock) and the forward pass are torchvision's, which builds its
    ResNet for 64 channels only, hence the subclass."""
    from torchvision.models import resnet

    nn = torch.nn

    class NarrowResNet18(resnet.ResNet):
        def __init__(self):
            nn.Module.__init__(self)  # ResNet.__init__ hard-codes 64 channels
            self._norm_layer = nn.BatchNorm2d
            self.inplanes, self.dilation, self.groups, self.base_width = width, 1, 1, 64
            self.conv1 = nn.Conv2d(3, width, kernel_size=7, stride=2, padding=3, bias=False)
            self.bn1 = nn.BatchNorm2d(width)
            self.relu = nn.ReLU(inplace=True)
            self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
            self.layer1 = self._make_layer(resnet.BasicBlock, width, 2)
            self.layer2 = self._make_layer(resnet.BasicBlock, 2 * width, 2, stride=2)
            self.layer3 = self._make_layer(resnet.BasicBlock, 4 * width, 2, stride=2)
            self.layer4 = self._make_layer(resnet.BasicBlock, 8 * width, 2, stride=2)
            self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
            self.fc = nn.Linear(8 * width, num_classes)

    return NarrowResNet18()


def check_layout(torch):
    """At width 64 the narrow ResNet-18 must be torchvision's, name for name."""
    import torchvision

    ours = {k: tuple(v.shape) for k, v in resnet18(torch).state_dict().items()}
    theirs = {k: tuple(v.shape) for k, v in torchvision.models.resnet18().state_dict().items()}
    if ours != theirs:
        raise RuntimeError("the narrow ResNet-18 does not have torchvision's layout")


def tensor_entry(torch, value):
    """(dtype, shape, bytes) of a tensor as safetensors stores it: float32 as
    F32; int64 (batch norm's num_batches_tracked, a 0-d counter) as I64."""
    value = value.detach().cpu().contiguous()
    if value.dtype == torch.int64:
        return "I64", list(value.shape), value.numpy().astype("<i8").tobytes()
    return "F32", list(value.shape), value.float().numpy().astype("<f4").tobytes()


def write_safetensors(path, entries, metadata=None):
    """Writes {name: (dtype, shape, bytes)} as safetensors, names sorted."""
    header, data = {}, b""
    if metadata:
        header["__metadata__"] = metadata
    for name in sorted(entries):
        dtype, shape, raw = entries[name]
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)  # the data area starts 8-byte aligned
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def save_state_dict(torch, path, state_dict, metadata=None):
    """The conversion: a torchvision state_dict to the file nn::Sequential::load reads."""
    entries = {name: tensor_entry(torch, value) for name, value in state_dict.items()}
    write_safetensors(path, entries, {"format": "pt", **(metadata or {})})


def randomise_batch_norm(torch, model):
    """Random gamma, beta and running statistics, so that a test mixing them up fails."""
    for m in model.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.weight.data.uniform_(0.5, 1.5)
            m.bias.data.normal_(0.0, 0.2)
            m.running_mean.normal_(0.0, 0.2)
            m.running_var.uniform_(0.5, 2.0)
            m.num_batches_tracked.fill_(7)


def make_parity_fixture(torch, folder):
    """weights.safetensors: a random ResNet-18 of width 4 and 10 classes (batch
    norm statistics random too); io.safetensors: an input batch "x", PyTorch's
    eval-mode "logits" and "layer2" output for it, and "resize_in" with its
    bilinear F.interpolate "resize_out". Seeded: the same bytes every run."""
    import torch.nn.functional as F

    check_layout(torch)
    torch.manual_seed(0)
    model = resnet18(torch, width=4, num_classes=10)
    randomise_batch_norm(torch, model)
    model.eval()
    x = torch.randn(2, 3, 64, 64)
    captured = {}
    model.layer2.register_forward_hook(lambda module, inputs, output: captured.update(layer2=output))
    resize_in = torch.rand(1, 2, 5, 7)
    with torch.no_grad():
        logits = model(x)
        resize_out = F.interpolate(resize_in, size=(9, 4), mode="bilinear", align_corners=False)
    os.makedirs(folder, exist_ok=True)
    classes = "\n".join("class %d" % c for c in range(10))  # as the ImageNet export stores them
    save_state_dict(torch, os.path.join(folder, "weights.safetensors"), model.state_dict(),
                    {"classes": classes})
    io = {"x": x, "logits": logits, "layer2": captured["layer2"], "resize_in": resize_in,
          "resize_out": resize_out}
    write_safetensors(os.path.join(folder, "io.safetensors"),
                      {name: tensor_entry(torch, t) for name, t in io.items()},
                      {"torch": torch.__version__})
