import Link from 'next/link';
import { AppNav } from './AppNav';
import { ClusterStatusLine } from './ClusterStatusLine';

/** The bar on every page: product name, views, and which cluster the data is from and how old it is. */
export function AppHeader() {
  return (
    <header className="app-header">
      <Link href="/" className="app-header__brand">
        <span aria-hidden="true" className="app-header__logo">
          ◎
        </span>
        Clusterscope
      </Link>
      <AppNav />
      <ClusterStatusLine />
    </header>
  );
}
