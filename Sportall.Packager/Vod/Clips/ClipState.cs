namespace Sportall.Packager.Vod.Clips;

public enum ClipState
{
    Queued,
    Running,
    Ready,
    Failed,
}
