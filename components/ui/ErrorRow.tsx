/** A table row standing in for one that could not be rendered (see ContainedError). */
export function ErrorRow({ message, columns = 100 }: { message: string; columns?: number }) {
  return (
    <tr className="row--bad">
      <td colSpan={columns} role="alert">
        {message}
      </td>
    </tr>
  );
}
